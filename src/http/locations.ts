import type { ResourceRef } from '../domain/errors';

/** Every /v1 URL the service writes into a header or a message: built here and nowhere else. */
export const locations = {
  assessment: (id: string) => `/v1/assessments/${id}`,
  assessmentRevisions: (id: string) => `/v1/assessments/${id}/revisions`,
  enterprise: (id: string) => `/v1/enterprises/${id}`,
  questionnaireVersion: (questionnaireId: string, version: string) => `/v1/questionnaires/${questionnaireId}/versions/${version}`,
  snapshots: () => '/v1/index-snapshots',
  snapshotsOfPeriod: (period: string) => `/v1/index-snapshots?period=${period}`,
} as const;

/** The URL of a resource a domain error points at. */
export function locationOf(ref: ResourceRef): string {
  switch (ref.kind) {
    case 'assessment':
      return locations.assessment(ref.id);
    case 'enterprise':
      return locations.enterprise(ref.id);
    case 'questionnaire-version':
      return locations.questionnaireVersion(ref.questionnaireId, ref.version);
    case 'snapshots-of-period':
      return locations.snapshotsOfPeriod(ref.period);
  }
}
