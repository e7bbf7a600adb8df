/**
 * Navigations the service worker must not answer with the app shell (index.html): the API, and the pages the server
 * renders itself for people who never sign in: the commune's public progress page (/cong-khai/<slug>, issue 15 §2)
 * and the customer's copy of the handover record (/bien-ban/<token>, issue 15 §3). Answered with the shell, a phone
 * that once opened the app would show the sign-in screen instead of the page.
 */
export const SHELL_NAVIGATION_DENYLIST: readonly RegExp[] = [/^\/api\//, /^\/cong-khai(?:\/|$)/, /^\/bien-ban(?:\/|$)/];

/** Whether a navigation to `pathname` gets the precached app shell. */
export function servesShell(pathname: string): boolean {
  return !SHELL_NAVIGATION_DENYLIST.some((pattern) => pattern.test(pathname));
}
