import type { Route } from './router';
import type { ConsoleConfig, Session } from './session';

/** What every page is given: the runtime configuration, who is signed in, and the address. */
export interface PageProps {
  readonly config: ConsoleConfig;
  readonly session: Session;
  readonly route: Route;
}
