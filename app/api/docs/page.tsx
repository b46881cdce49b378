import type { Metadata } from "next";
import { openApiDocument } from "@/lib/validation/openapi";

// Readable API docs, rendered on the server from the same OpenAPI document /api/v1/openapi.json serves: every
// operation with its parameters, body and answers. No client script, nothing fetched at run time.

export const metadata: Metadata = { title: "API" };

type Json = Record<string, unknown>;
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: unknown };
type Operation = { operationId: string; summary: string; description?: string; parameters: Parameter[]; requestBody?: Json; responses: Record<string, Json> };

// Inline in running text: a long path or schema breaks anywhere rather than widening a phone's page.
const code = "rounded bg-stone-100 px-1 font-mono text-xs [overflow-wrap:anywhere]";
const pre = "overflow-x-auto rounded bg-stone-100 p-2 font-mono text-xs";

function schemaOf(content: unknown): unknown {
  const media = Object.values((content ?? {}) as Record<string, { schema?: unknown }>)[0];
  return media?.schema;
}

export default function ApiDocsPage() {
  const doc = openApiDocument() as {
    info: { title: string; description: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Json };
  };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  return (
    <div className="flex max-w-4xl flex-col gap-5">
      <h1 className="text-xl font-bold text-kura-900">{doc.info.title}</h1>
      <p className="text-sm text-stone-700">{doc.info.description}</p>
      <p className="text-sm">
        Machine-readable:{" "}
        <a href="/api/v1/openapi.json" className="underline">
          /api/v1/openapi.json
        </a>{" "}
        (OpenAPI 3.1).
      </p>
      <nav aria-label="Operations">
        <ul className="flex flex-col text-sm">
          {operations.map(({ path, method, op }) => (
            <li key={op.operationId}>
              {/* A list of links, one under the other: each a 24 px target (WCAG 2.5.8) for a finger on a phone. */}
              <a href={`#${op.operationId}`} className="inline-block py-1 font-mono [overflow-wrap:anywhere] underline">
                {method.toUpperCase()} {path}
              </a>{" "}
              — {op.summary}
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, op }) => (
        <section key={op.operationId} id={op.operationId} data-testid="api-operation" className="flex flex-col gap-2 rounded-lg bg-white p-5 shadow-sm">
          <h2 className="font-mono font-semibold">
            {method.toUpperCase()} {path}
          </h2>
          <p className="text-sm">
            {op.summary}. {op.description}
          </p>
          {op.parameters.length > 0 && (
            <>
              <h3 className="text-sm font-semibold">Parameters</h3>
              <ul className="flex flex-col gap-1 text-sm">
                {op.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code className={code}>{p.name}</code> ({p.in}
                    {p.required ? ", required" : ""}) <code className={code}>{JSON.stringify(p.schema)}</code> {p.description ?? ""}
                  </li>
                ))}
              </ul>
            </>
          )}
          {op.requestBody && (
            <>
              <h3 className="text-sm font-semibold">Body (application/json)</h3>
              <pre tabIndex={0} className={pre}>
                {JSON.stringify(schemaOf(op.requestBody.content), null, 2)}
              </pre>
            </>
          )}
          <h3 className="text-sm font-semibold">Responses</h3>
          <ul className="flex flex-col gap-1 text-sm">
            {Object.entries(op.responses).map(([status, response]) => {
              const schema = schemaOf(response.content) as { $ref?: string } | undefined;
              return (
                <li key={status}>
                  <code className={code}>{status}</code> {String(response.description)}
                  {schema?.$ref && (
                    <>
                      {" "}
                      → <a href={`#schema-${schema.$ref.split("/").pop()}`}>{schema.$ref.split("/").pop()}</a>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <h2 className="text-lg font-semibold">Schemas</h2>
      {Object.entries(doc.components.schemas).map(([name, schema]) => (
        <section key={name} id={`schema-${name}`} className="flex flex-col gap-2 rounded-lg bg-white p-5 shadow-sm">
          <h3 className="font-mono font-semibold">{name}</h3>
          <pre tabIndex={0} className={pre}>
            {JSON.stringify(schema, null, 2)}
          </pre>
        </section>
      ))}
    </div>
  );
}
