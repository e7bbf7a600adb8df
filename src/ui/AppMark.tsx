/** The app's glyph (a meter dial with a lightning bolt), the same drawing as the installed icon. */
export function AppMark({ size = 40 }: { size?: number }) {
  return (
    <svg className="app-mark" width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="20" fill="none" stroke="currentColor" strokeWidth="4" />
      <path d="M27 8 L14 27 H23 L20 40 L34 20 H25 Z" fill="currentColor" />
    </svg>
  );
}
