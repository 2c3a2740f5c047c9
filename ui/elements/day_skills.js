// A day's skills in a programme's curriculum as a card: the day's heading, then each skill as a chip that takes it
// off the day (emits `remove` with the skill's id); its slot holds the dropdown that adds one, an element.
export default {
  template: `
    <q-card>
      <div class="text-body1 text-weight-medium">{{ heading }}</div>
      <div class="nicegui-row row q-gutter-xs">
        <q-btn
          v-for="skill in skills"
          :key="skill.id"
          v-bind="chip"
          :label="skill.name"
          :aria-label="skill.remove"
          @click="$emit('remove', skill.id)"
        />
      </div>
      <slot></slot>
    </q-card>
  `,
  props: {
    heading: String,
    skills: Array,
    chip: Object,
  },
};
