import type { TransitionProblem } from "../lifecycle/rules";

/** A governance request refused, with what was wrong; `status` is the HTTP status the API answers. */
export class GovernanceError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly problems: TransitionProblem[] = [],
  ) {
    super(message);
    this.name = "GovernanceError";
  }
}
