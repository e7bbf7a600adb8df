import { systemClock, type Clock } from './clock';
import { browserKeyValue, type KeyValueStore } from './keyValue';
import { browserLocks, type DeviceLocks } from './locks';
import { browserNetwork, type NetworkStatus } from './network';
import { systemRandom, type Random } from './random';
import { browserVisibility, type PageVisibility } from './visibility';

export * from './clock';
export * from './keyValue';
export * from './locks';
export * from './network';
export * from './persistence';
export * from './random';
export * from './visibility';

/** Everything the app needs from the device, in one value the composition root hands down. */
export interface Platform {
  clock: Clock;
  random: Random;
  network: NetworkStatus;
  visibility: PageVisibility;
  locks: DeviceLocks;
  settings: KeyValueStore;
}

export function browserPlatform(): Platform {
  return {
    clock: systemClock,
    random: systemRandom,
    network: browserNetwork,
    visibility: browserVisibility,
    locks: browserLocks,
    settings: browserKeyValue,
  };
}
