export interface DetailItem {
  label: string;
  value: string;
  /** Codes and numbers: monospace so 0/O and 1/l are told apart. */
  mono?: boolean;
  large?: boolean;
}

/** Label above value, one per line: readable at 360 px with large text. */
export function DetailList({ items }: { items: readonly DetailItem[] }) {
  return (
    <dl className="detail-list">
      {items.map((item) => (
        <div key={item.label} className="detail-list__item">
          <dt>{item.label}</dt>
          <dd className={[item.mono ? 'mono' : '', item.large ? 'detail-list__large' : ''].join(' ').trim() || undefined}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
