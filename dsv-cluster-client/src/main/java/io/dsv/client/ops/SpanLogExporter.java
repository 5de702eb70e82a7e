package io.dsv.client.ops;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each finished span as one log line ({@code dsv.tracing.log-spans=true}): for a machine with
 * no trace collector, such as the local cluster. Names, kinds, ids, start (epoch milliseconds, so that a
 * trace's spans line up on one timeline) and duration only: span attributes (which name secrets) are
 * left out, and no span ever carries a value.
 */
public class SpanLogExporter implements SpanExporter {

    private static final Logger log = LoggerFactory.getLogger("io.dsv.trace");

    private final String service;

    public SpanLogExporter(String service) {
        this.service = service;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData span : spans) {
            log.info("span service={} name=\"{}\" kind={} trace={} span={} parent={} start={} ms={}", service,
                    span.getName(), span.getKind(), span.getTraceId(), span.getSpanId(), span.getParentSpanId(),
                    String.format(java.util.Locale.ROOT, "%.3f", span.getStartEpochNanos() / 1e6),
                    String.format(java.util.Locale.ROOT, "%.2f", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6));
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
