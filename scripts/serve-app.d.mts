/** The running app: the web server's process id, the capture worker's (unset between restarts or in-process mode). */
export type RunningApp = { serverPid(): number | undefined; workerPid(): number | undefined; stop(signal?: NodeJS.Signals): void };

export function startApp(options: {
  port: string | number;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  onExit?: (code: number) => void;
  stdio?: "inherit" | "ignore" | ["ignore", "ignore", "inherit"];
}): RunningApp;

export function serveApp(options: { port: string | number; env: NodeJS.ProcessEnv; log: (line: string) => void }): void;
