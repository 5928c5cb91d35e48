/**
 * Public API of the scheduling part of the dry run (issue 5). `simulate()` (../index.ts) runs it as part of
 * the whole dry run; these are the pieces a query or an embedding program may want on their own.
 */

/** A kube-scheduler stand-in over in-memory nodes: `bind` running pods, `schedule` new ones, `explain` one. */
export { Scheduler, numFeasibleNodesToFind } from './scheduler.js';
export type { PodToSchedule, ScheduleResult, NodeExplanation, Victim, VolumeCheck } from './scheduler.js';
/** The FitError text (`0/N nodes are available: ...`) from per-node reasons, byte for byte as upstream. */
export { fitErrorText, histogram, NO_NODES_AVAILABLE } from './fit-error.js';
/** Effective pod requests (init containers, sidecars, overhead) as the scheduler and quota count them. */
export { podAggregate, podNonZeroRequests } from './resources.js';
/** `--explain`: one pod's per-node filter and score results. */
export { explainPod } from './explain.js';
/** The `schedule` report: per-node usage, pending and rejected pods, shortfalls; text and JSON forms. */
export { scheduleReport, formatScheduleText, formatExplain } from './report.js';
export type { ScheduleReport, NodeUsage } from './report.js';
/** `--show-cluster`: nodes as a List of Node objects. */
export { clusterAsList } from './show-cluster.js';
/** Default scoring weights, as kube-scheduler's default profile. */
export { SCORE_WEIGHTS } from './scores.js';
