package dev.retrykit.kotlin.sample

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication

/** The Kotlin sample's application: `retry.services.quotes` in application.yml configures its retries. */
@SpringBootApplication
class QuoteApplication

fun main(args: Array<String>) {
    runApplication<QuoteApplication>(*args)
}
