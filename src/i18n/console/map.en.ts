import type { MapMessages } from './map.vi';

export const mapEn: MapMessages = {
  title: 'Map & assign',
};
