/** The rear camera as a live stream for the scanner, with the torch where the device has one. */
export interface CameraSession {
  stream: MediaStream;
  torchSupported: boolean;
  setTorch(on: boolean): Promise<boolean>;
  stop(): void;
}

export type CameraError = 'denied' | 'unavailable' | 'unsupported';

interface TorchCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
}

export async function openRearCamera(): Promise<{ ok: true; session: CameraSession } | { ok: false; error: CameraError }> {
  const media = (navigator as Partial<Navigator>).mediaDevices;
  if (media?.getUserMedia === undefined) return { ok: false, error: 'unsupported' };
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (cause) {
    const name = cause instanceof DOMException ? cause.name : '';
    return { ok: false, error: name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable' };
  }
  const [track] = stream.getVideoTracks();
  const capabilities: TorchCapabilities = track?.getCapabilities() ?? {};
  const torchSupported = capabilities.torch === true;
  return {
    ok: true,
    session: {
      stream,
      torchSupported,
      async setTorch(on) {
        if (track === undefined || !torchSupported) return false;
        try {
          await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
          return true;
        } catch {
          return false;
        }
      },
      stop() {
        for (const t of stream.getTracks()) t.stop();
      },
    },
  };
}
