package dev.retrykit.core.shed;

import dev.retrykit.annotation.Priority;
import dev.retrykit.core.time.Clock;

/** STUB: replaced by the protection work. */
public final class LoadShedder {

    public LoadShedder(LoadSheddingConfig config, Clock clock) {
    }

    /** False when the call must be shed; CRITICAL is never shed. On true, the caller must call onComplete. */
    public boolean tryAcquire(Priority priority) {
        return true;
    }

    /** Reports the end of an admitted call: its round-trip time and whether it was dropped/failed by overload. */
    public void onComplete(long rttNanos, boolean dropped) {
    }

    public int limit() {
        return 0;
    }

    public int inFlight() {
        return 0;
    }

    public LoadSheddingConfig config() {
        return LoadSheddingConfig.DEFAULT;
    }

    public void reconfigure(LoadSheddingConfig config) {
    }
}
