package io.dsv.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every internal method names the roles that may call it; anything not listed is refused, and so is
 * every caller whose certificate names no role (PERMISSION_DENIED, before the method runs). The
 * caller is handed to the method in the gRPC context ({@link #CALLER}).
 */
public final class AllowList implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AllowList.class);

    public static final Context.Key<Peer> CALLER = Context.key("dsv-caller");

    private final Map<String, Set<Role>> allowed;

    /** @param allowed full method name (service/method) to the roles that may call it */
    public AllowList(Map<String, Set<Role>> allowed) {
        this.allowed = Map.copyOf(allowed);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Optional<Peer> caller = caller(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        Set<Role> roles = allowed.getOrDefault(method, Set.of());
        if (caller.isEmpty() || !roles.contains(caller.get().role())) {
            log.warn("Refused {} to {}", method, caller.map(Peer::toString).orElse("a caller with no DSV certificate"));
            call.close(Status.PERMISSION_DENIED.withDescription(method + " is not open to "
                    + caller.map(c -> c.role().label()).orElse("this caller")), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller.get()), call, headers, next);
    }

    private static Optional<Peer> caller(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Peer.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
