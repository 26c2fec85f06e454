"use client";

import {

  Label,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavItem,
  NavList,
  Page,
  PageContext,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  SkipToContent,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from "@patternfly/react-core";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { forwardRef, useContext, useEffect } from "react";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

export interface ShellUser {
  name: string;
  email: string;
  roleLabel: string;
}

// Next's client-side navigation inside PatternFly's nav links (which render `component` with href).
const NextLink = forwardRef<HTMLAnchorElement, React.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }>(function NextLink(props, ref) {
  return <Link ref={ref} {...props} />;
});

/** The navigation; on a phone, choosing a page folds it away again, so the page is what shows. */
function MainNav({ items, current }: { items: ReadonlyArray<{ href: string; label: string }>; current: string | undefined }) {
  const page = useContext(PageContext);
  return (
    <Nav aria-label="Main">
      <NavList>
        {items.map((item) => (
          <NavItem key={item.href} to={item.href} isActive={item.href === current} component={NextLink} onClick={() => page.isMobile && page.isSidebarOpen && page.onSidebarToggle()}>
            {item.label}
          </NavItem>
        ))}
      </NavList>
    </Nav>
  );
}

const isCurrent = (pathname: string, href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));

/**
 * The portal's frame, as the OpenShift console draws it: a masthead (menu toggle, name, theme,
 * who is signed in) and a navigation that folds away on a phone. The items come filtered by role
 * from the server.
 */
export function AppShell({ user, items, dark, children }: { user: ShellUser; items: ReadonlyArray<{ href: string; label: string }>; dark: boolean; children: React.ReactNode }) {
  const pathname = usePathname();
  // The server cannot know the screen's width, so it draws the navigation open; on a phone PatternFly
  // folds it away once the page is live. Until then globals.css hides it there, so it does not cover the page.
  useEffect(() => {
    document.documentElement.dataset.shellReady = "";
  }, []);
  // "My orders" (/orders) must not light up on /orders/new, which has its own item.
  const current = items.filter((item) => isCurrent(pathname, item.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton isHamburgerButton aria-label="Main navigation" />
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo component={(props: object) => <Link {...props} href="/" />}>
            <span className="brand">
              Continuum <small>business continuity for OpenShift</small>
            </span>
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarGroup align={{ default: "alignEnd" }} gap={{ default: "gapSm" }}>
              <ToolbarItem>
                <ThemeToggle initiallyDark={dark} />
              </ToolbarItem>
              <ToolbarItem visibility={{ default: "hidden", md: "visible" }}>
                <span data-testid="signed-in-as" className="who">
                  <span className="who-name">{user.name}</span> <span className="mono">{user.email}</span> <Label isCompact color="blue">{user.roleLabel}</Label>
                </span>
              </ToolbarItem>
              <ToolbarItem>
                <SignOutButton />
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <MainNav items={items} current={current} />
        <p className="who who-narrow" aria-hidden="true">
          {user.email} · {user.roleLabel}
        </p>
      </PageSidebarBody>
    </PageSidebar>
  );
  return (
    <Page
      masthead={masthead}
      sidebar={sidebar}
      isManagedSidebar
      skipToContent={<SkipToContent href="#main-content">Skip to content</SkipToContent>}
      mainContainerId="main-content"
    >
      <div className="main">{children}</div>
    </Page>
  );
}

