// pdfjs-dist ships no types for its worker build; only its presence matters (see loadPdfJs in pdf.ts).
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
