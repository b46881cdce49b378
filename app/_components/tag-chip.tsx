import Link from "next/link";

export function TagChip({ name, href, active = false, title, color }: { name: string; href: string; active?: boolean; title?: string; color?: string | null }) {
  return (
    <Link
      href={href}
      title={title}
      data-testid="tag"
      // The tag's own colour (Tags page) marks its chip's edge; the text keeps the theme's contrast.
      style={color ? { borderLeftColor: color, borderLeftWidth: 4 } : undefined}
      className={`inline-flex min-h-6 items-center rounded-full border px-2 py-0.5 text-xs font-medium ${
        active ? "border-kura-800 bg-kura-800 text-white" : "border-kura-100 bg-kura-50 text-kura-800 hover:border-kura-700"
      }`}
    >
      #{name}
    </Link>
  );
}
