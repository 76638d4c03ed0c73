import { servedRegionMarker } from "./demoPage";

/** Arguments of {@link demoUserData}. */
export interface DemoUserDataArgs {
    /** Port the app listens on (the target group's port). */
    readonly port: number;
    /** Path of the health endpoint (the target group's health check path). */
    readonly healthPath: string;
}

/**
 * Cloud-init user data for Amazon Linux 2023: a small Python server (AL2023 ships python3, so
 * nothing is downloaded) that serves a page naming its region, AZ and instance id, and a
 * health endpoint. It reads instance metadata with IMDSv2 (the endpoint can be pointed
 * elsewhere with DEMO_IMDS_ENDPOINT, which the tests do) and runs as an unprivileged systemd
 * dynamic user that may bind only the low port it needs.
 */
export function demoUserData(args: DemoUserDataArgs): string {
    const marker = servedRegionMarker("%(region)s").replace(/"/g, '\\"');
    return `#!/bin/bash
set -euo pipefail
install -d -m 0755 /opt/demo
cat > /opt/demo/server.py <<'PY'
import http.server, os, urllib.request

IMDS = os.environ.get("DEMO_IMDS_ENDPOINT", "http://169.254.169.254")

def metadata(path):
    token_request = urllib.request.Request(IMDS + "/latest/api/token", method="PUT",
        headers={"X-aws-ec2-metadata-token-ttl-seconds": "300"})
    token = urllib.request.urlopen(token_request, timeout=2).read().decode()
    request = urllib.request.Request(IMDS + "/latest/meta-data/" + path,
        headers={"X-aws-ec2-metadata-token": token})
    return urllib.request.urlopen(request, timeout=2).read().decode()

FACTS = {"region": metadata("placement/region"), "zone": metadata("placement/availability-zone"),
         "instance": metadata("instance-id")}
PAGE = ("<!doctype html><html><body ${marker}><h1>Served from %(region)s</h1>"
        "<p>Availability Zone %(zone)s, instance %(instance)s</p></body></html>" % FACTS).encode()

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        healthy = self.path == ${JSON.stringify(args.healthPath)}
        body = b"ok" if healthy else PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if healthy else "text/html; charset=utf-8")
        self.send_header("X-Served-Region", FACTS["region"])
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("", ${args.port}), Handler).serve_forever()
PY
cat > /etc/systemd/system/demo.service <<'UNIT'
[Unit]
Description=Multi-region demo page
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/usr/bin/python3 /opt/demo/server.py
DynamicUser=yes
AmbientCapabilities=CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes
ProtectSystem=strict
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now demo.service
`;
}
