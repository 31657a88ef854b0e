/** One filter of the search form: a labelled select whose first choice means "any". */
export function FilterSelect({ id, name, label, any, value, choices }: { id: string; name: string; label: string; any: string; value: string; choices: { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        <option value="">{any}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
