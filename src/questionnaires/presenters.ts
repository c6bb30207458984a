import type { Catalog, VersionRecord } from './catalog';
import type { Language } from './api.schemas';
import { localizeDefinition } from './localize';

const ref = (r: VersionRecord) => ({ id: r.questionnaireId, version: r.version, contentHash: r.contentHash });

export function industryList(catalog: Catalog, language: Language) {
  return {
    language,
    items: catalog.industries().map((i) => ({
      code: i.code,
      name: i.name[language],
      questionnaire: i.questionnaire ? ref(i.questionnaire) : null,
    })),
  };
}

export function questionnaireSummary(catalog: Catalog, id: string, language: Language, status?: VersionRecord['status']) {
  const versions = catalog.versions(id).filter((v) => !status || v.status === status);
  const head = catalog.current(id) ?? catalog.versions(id)[0];
  if (!head || versions.length === 0) return undefined;
  const def = head.definition;
  return {
    id,
    scope: def.scope,
    title: def.title[language],
    industryCodes: def.industryCodes,
    productionType: def.productionType,
    currentVersion: catalog.current(id)?.version ?? null,
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      contentHash: v.contentHash,
      publishedAt: v.publishedAt,
      retiredAt: v.retiredAt,
    })),
    notice: def.provenance.notice[language],
  };
}

/** Questionnaires, optionally only the one a division maps to and only versions of one status. */
export function questionnaireList(catalog: Catalog, language: Language, filter: { industry?: string; status?: VersionRecord['status'] }) {
  const ids = filter.industry ? [catalog.forIndustry(filter.industry)?.questionnaireId].filter((id): id is string => !!id) : catalog.ids();
  return {
    language,
    items: ids.map((id) => questionnaireSummary(catalog, id, language, filter.status)).filter((s) => s !== undefined),
  };
}

export function versionDocument(record: VersionRecord, language: Language) {
  return {
    questionnaireId: record.questionnaireId,
    version: record.version,
    status: record.status,
    contentHash: record.contentHash,
    publishedAt: record.publishedAt,
    retiredAt: record.retiredAt,
    language,
    definition: localizeDefinition(record.definition, language),
  };
}

export { ref as questionnaireRef };
