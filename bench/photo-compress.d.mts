// Types of what bench/photo-compress.mjs exports (bench/device.ts imports it).
import type { CDPSession, Page } from '@playwright/test';

export function makeTwelveMegapixelPhoto(page: Page): Promise<{ bytes: number }>;
export function throttlePhotoWorker(page: Page, browserCdp: CDPSession, rate: number): { throttled: string[]; refused: string[] };
export function pickPhoto(page: Page, kind: string, max: number): Promise<{ ms: number; photoId: string }>;
export function storedPhotoBytes(page: Page, photoId: string): Promise<number>;
