/**
 * Worker thread entry (./parallel.ts): loads the same texts as the main thread and computes the findings
 * the manifests alone decide. Whatever happens, it answers with a message: findings, or the error text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadTexts } from '../load/index.js';
import { buildModel } from '../model/build.js';
import { manifestFindings } from './manifest-findings.js';
import type { WorkerReply, WorkerRequest } from './parallel.js';

const request = workerData as WorkerRequest;
let reply: WorkerReply;
try {
  const loaded = loadTexts(request.texts, request.load);
  reply = { findings: manifestFindings(loaded.resources, buildModel(loaded.resources), request.job) };
} catch (e) {
  reply = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
parentPort?.postMessage(reply);
