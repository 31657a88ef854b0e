# The `npm run serve` nodes behind Varnish, and who may purge (the nodes themselves: their
# ingests and editors' saves send the purges). Edit for your nodes; default.vcl includes it.

probe origin_health {
    .url = "/robots.txt";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend node_a {
    .host = "127.0.0.1";
    .port = "3001";
    .probe = origin_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

backend node_b {
    .host = "127.0.0.1";
    .port = "3002";
    .probe = origin_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Proxies in front of Varnish (a TLS terminator) whose X-Forwarded-For / -Proto / -Host
# are believed; from anyone else they are replaced by what the connection says. Empty:
# Varnish faces the readers. Add the front's address (e.g. "127.0.0.1") when there is one.
acl fronts {
}

# Who may purge, on the purge listener only (default.vcl).
acl purgers {
    "127.0.0.1";
    "::1";
}

import directors;

sub vcl_init {
    # Consistent hashing by URL: a page is fetched from the same node (whose own page
    # cache then holds it), and a retry goes to the next one (default.vcl).
    new origins = directors.shard();
    origins.add_backend(node_a);
    origins.add_backend(node_b);
    origins.reconfigure();
}
