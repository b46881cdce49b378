import { openApiDocument } from "@/lib/validation/openapi";

/** The OpenAPI 3.1 document, built from the schemas the handlers validate with; public, it holds no data. */
export function GET(request: Request) {
  return Response.json(openApiDocument(new URL(request.url).origin));
}
