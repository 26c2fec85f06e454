import { z } from "zod";

/** The input of every action on one run. */
export const RunIdInput = z.object({ runId: z.string().min(1, "Which run?").max(40) });
