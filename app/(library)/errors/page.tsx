import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/accounts/current-user";
import { listExtracts } from "@/lib/library/extracts";
import { extractQuerySchema } from "@/lib/validation/extracts";
import { ExtractList } from "@/app/_components/extract-list";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("extracts"))("errors.title") };
}

export default async function ErrorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("viewer", "/errors");
  const { q, page } = extractQuerySchema.parse(await searchParams);
  return <ExtractList kind="errors" filter={q} listing={await listExtracts("error", q, page)} />;
}
