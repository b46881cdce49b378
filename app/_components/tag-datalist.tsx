/** The id of the page's one <datalist> of existing tags, for autocomplete wherever tags are typed. */
export const TAG_DATALIST_ID = "kura-tag-names";

export function TagDatalist({ names }: { names: string[] }) {
  return (
    <datalist id={TAG_DATALIST_ID}>
      {names.map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}
