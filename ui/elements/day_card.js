// A programme's day as its card: the number, the title over its date and time, and the button to its roster.
// The card places them itself (ui/pages/programmes.py DAY_CARD); its slot holds the edit button, an element.
export default {
  template: `
    <q-card>
      <div class="text-h6 text-primary q-mr-sm">{{ number }}</div>
      <div class="text-body1 text-weight-medium">{{ title }}</div>
      <div class="text-body2 text-grey-8">{{ when }}</div>
      <q-btn v-bind="roster" @click="$emit('roster')" />
      <slot></slot>
    </q-card>
  `,
  props: {
    number: String,
    title: String,
    when: String,
    roster: Object,
  },
};
