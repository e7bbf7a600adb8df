/** Opens the phone's map app with a pin (Android handles `geo:`; `q=` puts the marker). */
export function geoUri(lat: number, lng: number): string {
  return `geo:${lat},${lng}?q=${lat},${lng}`;
}

/** The same place on the web map, for devices without a map app. */
export function webMapUrl(lat: number, lng: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=18/${lat}/${lng}`;
}

/** Coordinates as text, 5 decimals (about 1 m), so they can be read out over the phone. */
export function formatCoordinates(lat: number, lng: number): string {
  return `${lat.toFixed(5)}, ${lng.toFixed(5)}`;
}

/** `tel:` wants digits (and a leading +) only. */
export function telUri(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
