import Link from "next/link";

export function TagChip({ name, href, active = false, title }: { name: string; href: string; active?: boolean; title?: string }) {
  return (
    <Link
      href={href}
      title={title}
      data-testid="tag"
      className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium ${
        active ? "border-kura-800 bg-kura-800 text-white" : "border-kura-100 bg-kura-50 text-kura-800 hover:border-kura-700"
      }`}
    >
      #{name}
    </Link>
  );
}
