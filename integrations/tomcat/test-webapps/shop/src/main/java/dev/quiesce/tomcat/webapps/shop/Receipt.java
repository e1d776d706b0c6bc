package dev.quiesce.tomcat.webapps.shop;

/** Loaded only when a slow request ends. */
public class Receipt {
    public String text() {
        return "slow done";
    }
}
