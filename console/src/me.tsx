// Who the console is acting as (GET /api/me), for every page: the pages hide what this person may
// not do, by the same rule the API enforces (functions/console-api/roles.ts), and the API refuses it
// anyway. Locally there are no roles: every role.
import { createContext, type ReactNode, useContext } from 'react';
import { allowed, type Me, type Needs } from '../../functions/console-api/roles.ts';

const MeContext = createContext<Me>({ id: '' });

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  return useContext(MeContext);
}

/** Whether the signed-in person may do what `needs` names. */
export function useCan(needs: Needs): boolean {
  return allowed(useMe(), needs);
}

/** Signed in on AWS (with roles), rather than the local console (every role, no sign-in). */
export function signedIn(me: Me): boolean {
  return me.roles !== undefined;
}
