package vn.govcomm.led.screens;

/** UNKNOWN until the first heartbeat; OFFLINE once heartbeats stop for N × the poll interval. */
public enum ScreenStatus {
    UNKNOWN, ONLINE, OFFLINE
}
