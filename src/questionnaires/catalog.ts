import type { QuestionnaireDefinition } from './definition.schema';
import { MANUFACTURING_DIVISIONS } from './industries';
import { compareVersions } from './versions';

export interface VersionRecord {
  questionnaireId: string;
  version: string;
  contentHash: string;
  definition: QuestionnaireDefinition;
  status: 'published' | 'retired';
  source: 'catalog' | 'api';
  publishedAt: string;
  retiredAt: string | null;
}

/**
 * The questionnaire versions in memory, read once from the database at boot. The current version of a
 * questionnaire is its latest published one; a division maps to the questionnaire that lists it, or to the general
 * questionnaire when no published industry one does.
 */
export class Catalog {
  private readonly byId = new Map<string, VersionRecord[]>();

  constructor(records: readonly VersionRecord[]) {
    for (const r of records) this.add(r);
  }

  /** A version published after boot (by an admin); the caller has stored it. */
  add(record: VersionRecord): void {
    const list = this.byId.get(record.questionnaireId) ?? [];
    list.push(record);
    list.sort((a, b) => compareVersions(b.version, a.version));
    this.byId.set(record.questionnaireId, list);
  }

  /** Marks a stored version retired; the caller has stored the change. */
  retire(id: string, version: string, at: string): void {
    const record = this.get(id, version);
    if (record) Object.assign(record, { status: 'retired', retiredAt: at });
  }

  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  /** Newest first. */
  versions(id: string): readonly VersionRecord[] {
    return this.byId.get(id) ?? [];
  }

  get(id: string, version: string): VersionRecord | undefined {
    return this.versions(id).find((v) => v.version === version);
  }

  /** A named version, or the current one for "current". */
  resolve(id: string, version: string): VersionRecord | undefined {
    return version === 'current' ? this.current(id) : this.get(id, version);
  }

  current(id: string): VersionRecord | undefined {
    return this.versions(id).find((v) => v.status === 'published');
  }

  /** The current version covering a GB/T 4754 division; undefined only if no general questionnaire is published. */
  forIndustry(code: string): VersionRecord | undefined {
    let general: VersionRecord | undefined;
    for (const id of this.ids()) {
      const current = this.current(id);
      if (!current) continue;
      if (current.definition.industryCodes.includes(code)) return current;
      if (current.definition.scope === 'general') general = current;
    }
    return general;
  }

  industries() {
    return MANUFACTURING_DIVISIONS.map((d) => ({ ...d, questionnaire: this.forIndustry(d.code) }));
  }
}
