/**
 * Text written to a file in large chunks, waiting whenever the stream asks
 * for it, so that memory stays bounded however much is written.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Characters gathered before a chunk goes to the stream. */
const CHUNK = 1 << 16;

export class BufferedWriter {
  private readonly stream: WriteStream;
  private buffer = '';
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (e) => (this.failure = e));
  }

  /** Adds text; call `maybeFlush()` now and then to pass it on. */
  write(text: string): void {
    this.buffer += text;
  }

  /** Passes the buffer on once it is large; waits for the stream to drain. */
  async maybeFlush(): Promise<void> {
    if (this.buffer.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.buffer) return;
    const ok = this.stream.write(this.buffer);
    this.buffer = '';
    if (!ok) await once(this.stream, 'drain');
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }

  /** Closes without caring about errors, after a failure elsewhere. */
  destroy(): void {
    this.stream.destroy();
  }
}
