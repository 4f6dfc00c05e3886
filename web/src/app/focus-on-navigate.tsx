import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After moving to another page (a menu link, or arriving from the sign-in form), puts focus at the start
 * of the new page's <main id="main">, so keyboard and screen-reader users are not left where the old
 * page was. A fresh load keeps the browser's start (the first Tab reaches the skip link), and a page that
 * already focused something inside itself (the sign-in form's login field) keeps it.
 * Lives at the root of the route tree: it must see the change from /login to / that remounts the layout.
 */
export function FocusOnNavigate() {
  const { pathname } = useLocation();
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = pathname;
    if (before === null || before === pathname) return;
    const main = document.getElementById('main');
    if (main && !main.contains(document.activeElement)) main.focus();
  }, [pathname]);
  return null;
}
