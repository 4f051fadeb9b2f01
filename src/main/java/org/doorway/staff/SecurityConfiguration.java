package org.doorway.staff;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.doorway.system.DoorwayProperties;
import org.doorway.system.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what.
 * <ul>
 *   <li>{@code /api/**}: source systems by API key; signed-in staff by session. Errors are
 *       {@code application/problem+json}.</li>
 *   <li>{@code /webhooks/**}: Twilio. No session and no CSRF token: each route checks Twilio's
 *       signature instead, and refuses what is not signed.</li>
 *   <li>Pages: signed-in staff, by form sign-in at {@code /login} ({@link SignInPage}, throttled by
 *       {@link ThrottledSignIn}); health, the community referral
 *       portal ({@code /refer/…}) and the local outbox (which exists only when no SMS provider is
 *       configured) are open; {@code /admin/**} is for administrators.</li>
 * </ul>
 * Sessions are stored in PostgreSQL (Spring Session JDBC, {@code spring.session.jdbc.*}), so any
 * replica serves any signed-in request and accepts its CSRF token; {@link AccountRecheck} applies
 * account changes from the next request on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OidcRoles.class, SignInLimits.class})
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Form sign-in: the staff accounts' passwords, throttled per account and address. */
    @Bean
    ThrottledSignIn throttledSignIn(
            StaffAccounts accounts, PasswordEncoder encoder, JdbcClient db, SignInLimits limits) {
        return new ThrottledSignIn(accounts, encoder, db, limits);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, SourceKeys keys, Problems problems, JdbcClient db)
            throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new AccountRecheck(db), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // Camel answers HTTP asynchronously; the re-dispatch that writes its answer
                        // belongs to a request already authorized.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/api/v1/intake/**")
                        .hasRole("SOURCE")
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> problems.write(
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "unauthorized",
                                "Authentication required",
                                "Send the source's key in the X-Api-Key header, or sign in."))
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "Not allowed",
                                "These credentials do not allow this request.")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webhookSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/**", "/dev/twilio/**")
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /**
     * Prometheus scrapes {@code /actuator/prometheus} with {@code Authorization: Bearer <token>}
     * ({@code doorway.metrics-token}, or while rotating one of {@code doorway.metrics-previous-tokens});
     * signed-in administrators may look too. Without a token configured, only administrators.
     */
    @Bean
    @Order(3)
    SecurityFilterChain metricsSecurity(HttpSecurity http, DoorwayProperties properties, JdbcClient db)
            throws Exception {
        List<byte[]> accepted = new ArrayList<>();
        for (String token : concat(properties.metricsToken(), properties.metricsPreviousTokens())) {
            if (!token.isBlank()) {
                accepted.add(("Bearer " + token).getBytes(StandardCharsets.UTF_8));
            }
        }
        http.securityMatcher("/actuator/prometheus")
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(
                        new OncePerRequestFilter() {
                            @Override
                            protected void doFilterInternal(
                                    HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                                    throws ServletException, IOException {
                                String presented = request.getHeader("Authorization");
                                if (presented != null && accepts(accepted, presented)) {
                                    SecurityContextHolder.getContext()
                                            .setAuthentication(new UsernamePasswordAuthenticationToken(
                                                    "prometheus",
                                                    null,
                                                    List.of(new SimpleGrantedAuthority("ROLE_METRICS"))));
                                }
                                chain.doFilter(request, response);
                            }
                        },
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new AccountRecheck(db), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAnyRole("METRICS", "ADMIN"));
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain pageSecurity(
            HttpSecurity http, ObjectProvider<ClientRegistrationRepository> oidc, OidcRoles oidcRoles, JdbcClient db)
            throws Exception {
        if (oidc.getIfAvailable() != null) {
            // An organisation's identity provider is configured: offer it beside the form.
            http.oauth2Login(login ->
                    login.loginPage("/login").userInfoEndpoint(info -> info.oidcUserService(oidcRoles.userService())));
        }
        http.addFilterBefore(new AccountRecheck(db), AnonymousAuthenticationFilter.class);
        http.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/login", "/error", "/css/**")
                        .permitAll()
                        // The local outbox: open on this machine, administrators only from elsewhere.
                        .requestMatchers("/dev/outbox", "/dev/outbox/**")
                        .access(new LocalOrAdmin())
                        // The community referral portal is for the public; its QR codes are for staff.
                        .requestMatchers("/refer", "/refer/**", "/portal/**")
                        .permitAll()
                        // A page's one-tap link: its signed token is the credential; details need sign-in.
                        .requestMatchers("/p/**")
                        .permitAll()
                        // A calendar feed: its secret token is the credential (calendar applications cannot sign in).
                        .requestMatchers("/calendar/**")
                        .permitAll()
                        .requestMatchers("/admin/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }

    private static List<String> concat(String current, List<String> previous) {
        List<String> all = new ArrayList<>(previous);
        all.add(0, current);
        return all;
    }

    /** Compares with every accepted value, each in constant time, so timing tells nothing. */
    private static boolean accepts(List<byte[]> accepted, String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] value : accepted) {
            match |= MessageDigest.isEqual(value, bytes);
        }
        return match;
    }
}
