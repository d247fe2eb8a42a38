/** A demo user of the Ride Hailer service: sign in with these on the login page. */
export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly profile: {
    readonly id: string;
    readonly name: string;
    readonly defaultLocations: Record<string, { label: string; address: string }>;
    readonly paymentMethod: { label: string };
  };
}

/** The demo users. Their passwords are public on purpose: this is a demo. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'ana',
    password: 'ana-rides',
    profile: {
      id: 'user-ana',
      name: 'Ana',
      defaultLocations: {
        work: { label: 'Contoso Tower', address: '500 Contoso Way, Seattle' },
        home: { label: 'Maple Street', address: '12 Maple Street, Seattle' },
      },
      paymentMethod: { label: 'Visa ending 4242' },
    },
  },
  {
    username: 'ben',
    password: 'ben-rides',
    profile: {
      id: 'user-ben',
      name: 'Ben',
      defaultLocations: { work: { label: 'Fabrikam Campus', address: '1 Fabrikam Drive, Redmond' } },
      paymentMethod: { label: 'Mastercard ending 5454' },
    },
  },
];

/** The user with these credentials, compared in constant time per user. */
export function authenticate(username: string, password: string): DemoUser | undefined {
  const wanted = new TextEncoder().encode(`${username.trim().toLowerCase()}\u0000${password}`);
  let found: DemoUser | undefined;
  for (const user of DEMO_USERS) {
    const candidate = new TextEncoder().encode(`${user.username}\u0000${user.password}`);
    if (candidate.length === wanted.length && crypto.subtle.timingSafeEqual(candidate, wanted)) found = user;
  }
  return found;
}

export function userById(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.profile.id === id);
}
