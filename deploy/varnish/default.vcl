# Digital Health Curated: Varnish (Debian's varnish 7.1 with varnish-modules' xkey) in
# front of two or more `npm run serve` nodes, each with its own store of the same content.
#
# Pages are kept for as long as they are true: the app sends
# `Cache-Control: public, max-age=0, s-maxage=<seconds until midnight UTC: pages say what
# is upcoming by the date>, stale-while-revalidate=60, stale-if-error=86400` and, on every response, `xkey:` the surrogate keys of what it
# shows (lib/store/cache-keys.ts). Every change (an ingest, an editor's save, npm run
# sync) sends `PURGE /` with `xkey-purge: <keys>` (lib/ingest/purge.ts, PURGE_URLS), and
# only those pages go. While a node is healthy a copy past its age is served for at most a
# minute as a fresh one is fetched (revalidated with its ETag: a 304 from either node,
# whose ETags are equal); while none is, copies are served for a day.
#
# The origins and the addresses allowed to purge are in backends.vcl (beside this file).
# Run: varnishd -a :6081 -a purge=127.0.0.1:6082 -f /etc/varnish/default.vcl -s malloc,1g
# (readers on :6081; the nodes' PURGE_URLS name the purge listener, http://varnish-host:6082)
vcl 4.1;

import std;
import xkey;

include "backends.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        # Only on the purge listener (`-a purge=127.0.0.1:6082`), never the readers' one,
        # and only from the nodes: a TLS front or nginx on this host forwards readers from
        # 127.0.0.1 too, so the address alone cannot tell a node from the internet.
        if (local.socket != "purge" || client.ip !~ purgers) {
            return (synth(403, "Purges come from the app's nodes only"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the surrogate keys to purge in xkey-purge"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (local.socket == "purge") {
        return (synth(405, "The purge listener only purges"));
    }
    # Where a request comes from is what the connection says, unless a front this site
    # trusts (backends.vcl: fronts) said it: the app limits sign-ins by that address and
    # checks an editor's Origin against the forwarded host.
    if (client.ip !~ fronts) {
        set req.http.X-Forwarded-For = client.ip;
        unset req.http.X-Forwarded-Host;
        unset req.http.X-Forwarded-Proto;
        unset req.http.X-Real-IP;
    }
    # An absolute-form request line (`GET http://any.host/topics`) names the same page as
    # its path: one copy, not one per spelling.
    if (req.url ~ "^[a-zA-Z][a-zA-Z0-9+.-]*://") {
        set req.url = regsub(req.url, "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "");
        if (req.url !~ "^/") {
            set req.url = "/" + req.url;
        }
    }
    set req.backend_hint = origins.backend(resolve=LAZY);
    # The web editor and the API: personal, with cookies and bodies; never kept.
    if (req.url ~ "^/(editor|api)(/|\?|$)") {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Next.js's other forms of a page (RSC payloads, their redirects to `?_rsc`): no
    # reader needs them (pages carry no JavaScript), and the answers share the page's URL.
    # Passed, so they are never kept nor mark the page's copy.
    if (req.http.RSC || req.http.Next-Router-Prefetch || req.http.Next-Router-State-Tree || req.http.Next-Router-Segment-Prefetch || req.http.Next-Action || req.url ~ "[?&]_rsc=") {
        return (pass);
    }
    # Reader pages are the same for everyone: no cookie splits or skips the cache.
    unset req.http.Cookie;
    if (req.http.Authorization) {
        return (pass);
    }
    # A copy past its age: for a minute while an origin is up (a fresh one is fetched
    # meanwhile), for a day while none is.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    } else {
        set req.grace = 24h;
    }
    return (hash);
}

sub vcl_hash {
    # Pages name no host (links are paths, canonical URLs come from SITE_URL, redirects
    # are paths): one copy whatever Host a request claims, so a made-up one is no way
    # around the cache.
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_fetch {
    # The URL's node, or on a retry the next one: a node that dies mid-request fails no reader.
    set bereq.backend = origins.backend(by=URL, alt=bereq.retries, resolve=NOW);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/(editor|api)(/|\?|$)" || beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.status >= 500) {
        # A failing origin's answer is never kept over a good copy.
        if (bereq.retries < 2) {
            return (retry);
        }
        set beresp.uncacheable = true;
        return (deliver);
    }
    # stale-if-error: kept a day past its age, served from only while no origin is healthy
    # (vcl_recv).
    set beresp.grace = 24h;
    # nginx's one-second validity (X-Accel-Expires) is not for this cache.
    unset beresp.http.X-Accel-Expires;
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.retries < 2) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for this cache; CDNs in front read Surrogate-Key / Cache-Tag.
    unset resp.http.xkey;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
