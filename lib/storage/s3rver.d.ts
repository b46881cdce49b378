// s3rver ships no types; the tests use only its constructor, run() and close() (typed in ./testing.ts).
declare module "s3rver";
