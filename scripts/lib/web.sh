# Helpers for the scripts that drive the web app with curl (bench-pages.sh, fault-test.sh, pgbouncer-check.sh).
# Source it:  source "$REPO/scripts/lib/web.sh"

# merge_cookies "a=1; b=2" HEADERS: the cookie header after the Set-Cookie lines of a response (headers saved with
# curl -D), in the order first seen; a cookie set to nothing is dropped.
merge_cookies() {
    awk -v jar="$1" '
        BEGIN { n = split(jar, parts, /; */); for (i = 1; i <= n; i++) if (parts[i] != "") { eq = index(parts[i], "="); name = substr(parts[i], 1, eq - 1); order[++count] = name; value[name] = substr(parts[i], eq + 1) } }
        tolower($0) ~ /^set-cookie:/ {
            sub(/\r$/, ""); sub(/^[^:]*: */, ""); sub(/;.*/, "")
            eq = index($0, "="); name = substr($0, 1, eq - 1)
            if (!(name in value)) order[++count] = name
            value[name] = substr($0, eq + 1)
        }
        END { out = ""; for (i = 1; i <= count; i++) { name = order[i]; if (value[name] != "" && !(name in seen)) { seen[name] = 1; out = out (out == "" ? "" : "; ") name "=" value[name] } } print out }
    ' "$2"
}

# form_token PAGE: the anti-forgery token of the first form in a saved HTML page.
form_token() { grep -o '<input[^>]*name="__RequestVerificationToken"[^>]*>' "$1" | head -n 1 | sed -E 's/.*value="([^"]*)".*/\1/'; }
