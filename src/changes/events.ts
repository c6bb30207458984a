/**
 * Domain events, appended to the change log in the transaction of the write they record. Each names what changed;
 * the rows it refers to are immutable (a summary never changes but for its is_latest flag), so a reader of the log
 * finds them as they were.
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
  | { kind: 'enterprise.moved'; enterpriseId: string; fromRegionCode: string; toRegionCode: string };

export type ChangeKind = ChangeEvent['kind'];

export interface LoggedChange {
  seq: number;
  at: string;
  event: ChangeEvent;
}
