import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/accounts/current-user";
import { listExtracts } from "@/lib/library/extracts";
import { extractQuerySchema } from "@/lib/validation/extracts";
import { ExtractList } from "@/app/_components/extract-list";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("extracts"))("commands.title") };
}

export default async function CommandsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("viewer", "/commands");
  const { q, page } = extractQuerySchema.parse(await searchParams);
  return <ExtractList kind="commands" filter={q} listing={await listExtracts("command", q, page)} />;
}
