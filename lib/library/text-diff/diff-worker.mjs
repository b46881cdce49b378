// Runs one text comparison off the web server's main thread (see ../snapshot-diff.ts, diffOffThread).
import { parentPort, workerData } from "node:worker_threads";
import { diffTexts } from "./text-diff.mjs";

parentPort.postMessage(diffTexts(workerData.a, workerData.b, workerData.options));
