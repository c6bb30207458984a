/**
 * Domain events, appended to the change log in the transaction of the write they record. Each names what changed;
 * the rows it refers to are immutable (a summary never changes but for its is_latest flag), so a reader of the log
 * finds them as they were.
 *
 * Programme and certification events carry what a subscriber's visibility is decided by (the enterprise, the
 * recommending unit, the region), so a reader such as the webhook deliverer need not read other rows to filter them.
 */
export type ChangeEvent =
  | {
      kind: 'assessment.submitted';
      assessmentId: string;
      enterpriseId: string;
      period: string;
      /** The submitted revision this one replaces as the period's latest, whose contribution goes. */
      replaces: string | null;
    }
  | { kind: 'enterprise.moved'; enterpriseId: string; fromRegionCode: string; toRegionCode: string }
  | {
      kind: 'recommendation.accepted';
      programmeId: string;
      recommendationId: string;
      enterpriseId: string;
      /** The enterprise's region when recommended. */
      regionCode: string;
      /** The recommending unit: `authority:<region code>` or `unit:<id>` (a central enterprise group, an association). */
      unitKey: string;
      channel: RecommendationChannel;
    }
  | {
      kind: 'recommendation.refused';
      programmeId: string;
      enterpriseId: string;
      regionCode: string;
      unitKey: string;
      channel: RecommendationChannel;
      /** The rule that refused it (see src/programmes/refusals.ts), e.g. `quota`, `deadline`, `other_channel`. */
      rule: string;
    }
  | { kind: 'programme.phase_changed'; programmeId: string; from: ProgrammePhase; to: ProgrammePhase; by: 'date' | 'owner' }
  | { kind: 'programme.list_published'; programmeId: string; entries: number }
  | {
      kind: 'certificate.recorded';
      certificateId: string;
      enterpriseId: string;
      regionCode: string;
      bodyId: string;
      number: string;
      expiresOn: string;
      /** The certificate this one re-certifies, if any. */
      renews: string | null;
    }
  | { kind: 'certificate.expiring'; certificateId: string; enterpriseId: string; regionCode: string; expiresOn: string };

/** How a recommendation reached the programme: the kind of its recommending unit. */
export type RecommendationChannel = 'province' | 'city' | 'group' | 'association';
/** A programme's phases, in order. */
export type ProgrammePhase = 'recommendation' | 'review' | 'public_list' | 'announced';

export type ChangeKind = ChangeEvent['kind'];

export interface LoggedChange {
  seq: number;
  at: string;
  event: ChangeEvent;
}
