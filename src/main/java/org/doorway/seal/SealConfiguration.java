package org.doorway.seal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The master keys from configuration, unless another {@link MasterKeys} (a KMS) is provided. */
@Configuration(proxyBeanMethods = false)
class SealConfiguration {

    @Bean
    @ConditionalOnMissingBean(MasterKeys.class)
    MasterKeys configuredMasterKeys(SealProperties settings) {
        return MasterKeys.configured(settings.masterKey(), settings.previousMasterKeys());
    }
}
