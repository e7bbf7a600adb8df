/** Opens the phone's map app with a pin (Android handles `geo:`; `q=` puts the marker). */
export function geoUri(lat: number, lng: number): string {
  return `geo:${lat},${lng}?q=${lat},${lng}`;
}

/** The same place on the web map, for devices without a map app. */
export function webMapUrl(lat: number, lng: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=18/${lat}/${lng}`;
}

/** `tel:` wants digits (and a leading +) only. */
export function telUri(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
