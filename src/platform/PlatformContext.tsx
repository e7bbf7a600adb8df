import { createContext, useContext, type ReactNode } from 'react';
import { isoDayInVietnam } from '../domain/time/time';
import type { Platform } from '.';

const PlatformContext = createContext<Platform | null>(null);

export function PlatformProvider({ platform, children }: { platform: Platform; children: ReactNode }) {
  return <PlatformContext.Provider value={platform}>{children}</PlatformContext.Provider>;
}

export function usePlatform(): Platform {
  const platform = useContext(PlatformContext);
  if (platform === null) throw new Error('usePlatform outside <PlatformProvider>');
  return platform;
}

/** Today as `yyyy-MM-dd` in Vietnam, from the platform clock. */
export function useToday(): string {
  const { clock } = usePlatform();
  return isoDayInVietnam(new Date(clock.now()));
}
