/**
 * A poll interval that a local append or a stop can cut short (followers of the log sleep on one). A wake-up
 * that comes while nobody sleeps is kept for the next sleep, which then returns at once: the log may have
 * grown while the follower was busy with the batch before, and the watch tells each growth only once.
 */
export class WakeableSleep {
  private wakeUp?: () => void;
  private woken = false;

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }
}
