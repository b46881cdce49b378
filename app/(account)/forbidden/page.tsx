import { messages as m } from "@/lib/i18n/messages";

export default function ForbiddenPage() {
  return (
    <div className="mx-auto max-w-md rounded-lg bg-white p-6 shadow-sm" data-testid="forbidden">
      <h1 className="mb-2 text-xl font-bold text-kura-900">{m.auth.forbiddenTitle}</h1>
      <p className="text-stone-600">{m.auth.forbidden}</p>
    </div>
  );
}
