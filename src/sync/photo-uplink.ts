import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../logger.js';
import { readBody, type HttpTransport } from './http-transport.js';

/** A photo whose citing record the central has acknowledged, waiting to be sent. */
export interface PendingPhoto {
  sha256: string;
  inspectionId: string;
}

export interface PhotoUplinkDeps {
  /** Photos cited by acknowledged inspection-photo records and not yet held by the central, oldest first. */
  pending(limit: number): PendingPhoto[];
  /** The central holds the photo: it is never sent again. */
  sent(sha256: string, atMs: number): void;
  read(inspectionId: string, sha256: string): { contentType: string; data: Buffer } | null;
  transport: HttpTransport;
  base: URL;
  /** The node's signed request headers for a path (sync/README.md, "Reading from the central"). */
  signed(path: string): Record<string, string>;
  clock: Clock;
  log: Logger;
  timeoutMs: number;
  /** Each photo goes in chunks of at most this many bytes; an interrupted upload resumes at the next. */
  chunkBytes?: number;
  intervalMs?: number;
}

const CHUNK_BYTES = 256 * 1024;

interface UploadState {
  stored: boolean;
  received: number;
}

/**
 * Sends inspection photos to the central in their own lane: after the records that cite them
 * (only photos whose inspection-photo record the central acknowledged), never in the way of
 * records (a worker of its own, one photo at a time), content-addressed (the central keeps one
 * copy per SHA-256 and answers "held" for a photo another node sent), and resumable (the central
 * says how many bytes it holds; sending continues from there after an outage or a restart).
 */
export class PhotoUplink {
  private timer: Timer | null = null;
  private running: Promise<void> | null = null;
  private failing = false;
  /** Photos the central holds that this node sent, and chunks sent, since start (for status). */
  sentPhotos = 0;
  sentChunks = 0;
  lastError: string | null = null;

  constructor(private readonly deps: PhotoUplinkDeps) {}

  start(): void {
    this.timer ??= this.deps.clock.every(this.deps.intervalMs ?? 5_000, () => this.kick());
    this.kick();
  }

  /** Records were acknowledged: photos they cite may be due. */
  kick(): void {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = this.deps.pending(20);
      if (batch.length === 0 || this.timer === null) return;
      for (const p of batch) {
        try {
          await this.send(p);
          if (this.failing) this.deps.log.info('photo uplink resumed');
          this.failing = false;
          this.lastError = null;
        } catch (err) {
          this.lastError = (err as Error).message;
          // Logged once per outage; the next tick tries again from where the central stopped.
          if (!this.failing) this.deps.log.warn({ err: this.lastError, sha256: p.sha256 }, 'photo upload failed');
          this.failing = true;
          return;
        }
      }
    }
  }

  private async send(p: PendingPhoto): Promise<void> {
    const path = `/v1/photos/${p.sha256}`;
    let { stored, received } = await this.state(path);
    const photo = stored ? null : this.deps.read(p.inspectionId, p.sha256);
    if (!stored && !photo) {
      // The file is gone from this node (a restored backup without photos): nothing to send.
      this.deps.log.error({ sha256: p.sha256, inspection: p.inspectionId }, 'photo file missing; not sent');
    }
    const chunk = this.deps.chunkBytes ?? CHUNK_BYTES;
    while (photo && !stored) {
      const part = photo.data.subarray(received, received + chunk);
      const answer = await this.call('PUT', path, photo.contentType, part, {
        'upload-offset': String(received),
        'upload-length': String(photo.data.length),
      });
      this.sentChunks++;
      // 409: the central holds another number of bytes than this node assumed; ask where to resume.
      ({ stored, received } = answer.status === 409 ? await this.state(path) : (answer.body as UploadState));
    }
    this.deps.sent(p.sha256, this.deps.clock.now());
    if (photo) this.sentPhotos++;
  }

  private async state(path: string): Promise<UploadState> {
    return (await this.call('GET', path)).body as UploadState;
  }

  private async call(
    method: 'GET' | 'PUT',
    path: string,
    contentType?: string,
    body?: Buffer,
    extra: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const res = await this.deps.transport.request(new URL(path.slice(1), this.deps.base), {
      method,
      headers: { ...this.deps.signed(path), ...extra, ...(contentType && { 'content-type': contentType }) },
      ...(body && { body }),
      timeoutMs: this.deps.timeoutMs,
    });
    const text = (await readBody(res)).toString('utf8');
    const status = res.statusCode ?? 0;
    if (status === 409 && method === 'PUT') return { status, body: null };
    if (status >= 300) throw new Error(`central answered ${status}: ${text.slice(0, 200)}`);
    return { status, body: JSON.parse(text) as unknown };
  }
}
