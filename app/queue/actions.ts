"use server";

import type { ActionResult } from "@/lib/auth/action";
import { governedAction } from "@/lib/auth/action";
import { acknowledgeViolation } from "@/lib/governance/proposals";

/** A maintainer acknowledges a policy violation from /queue (useActionState: previous result, form). */
export const acknowledgeViolationAction = governedAction(
  "decide",
  async ({ principal, prisma, audit }, _previous: ActionResult | null, form: FormData) => {
    const ack = await acknowledgeViolation(
      prisma,
      principal,
      { eventId: form.get("eventId"), note: form.get("note") },
      audit,
    );
    return `Violation #${ack.eventId} acknowledged. It joins the acknowledged ones when the page is reloaded.`;
  },
);
