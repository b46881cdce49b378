import { notFound } from "../v1/_http/respond";

// Any /api address without a route answers JSON, never the app's HTML page: scripts get an error they can read.
const answer = () => notFound("There is no API endpoint at this address; see /api/docs.");

export const GET = answer;
export const HEAD = answer;
export const POST = answer;
export const PUT = answer;
export const PATCH = answer;
export const DELETE = answer;
export const OPTIONS = answer;
