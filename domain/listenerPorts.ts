/** The TCP ports the ALB listens on: 80 always (it redirects when HTTPS exists), 443 with a certificate. */
export function listenerPorts(certificateArn: string | undefined): number[] {
    return certificateArn ? [80, 443] : [80];
}
